/**
 * pusher-js bundled with the signed-in pages' code (the coaching page and
 * the class page import this): its download then runs in parallel with the
 * page's other scripts instead of starting after hydration. The join screen
 * never loads it, and it is not in the first-load scripts of `/`.
 */
import * as pusherJs from "pusher-js";

import { providePusher } from "./realtime-store";

providePusher(pusherJs);
