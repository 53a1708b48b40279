/**
 * Retakes the README screenshots (docs/screenshot-*.png) from a real production build.
 *
 *   npm run build
 *   PORT=3390 REALTIME_PORT=6390 <the e2e credentials of playwright.config.ts `shared`> npm start
 *   node --import tsx scripts/screenshots.ts
 *
 * Start the app fresh (memory state) for each run: the script seeds a team
 * through the app's own HTTP API (joins, awards, chat, a class) and refuses a
 * board that already has athletes. It talks only to 127.0.0.1 and uses
 * Debian's Chromium. Settings: SCREENSHOT_PORT (3390), COACH_ACCESS_CODE and
 * ADMIN_API_TOKEN (the e2e values), CHROMIUM_PATH (/usr/bin/chromium).
 * docs/screenshot-call.png is taken by hand.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";

import sharp from "sharp";
import { chromium, request as apiRequest, type APIRequestContext, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";

const BASE = `http://127.0.0.1:${Number(process.env.SCREENSHOT_PORT ?? 3390)}`;
const COACH_CODE = process.env.COACH_ACCESS_CODE ?? "e2e-coach-code";
const ADMIN_TOKEN = process.env.ADMIN_API_TOKEN ?? "e2e-admin-token-0123456789";
const DOCS = path.join(process.cwd(), "docs");
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, colorScheme: "light" };
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  screen: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  colorScheme: "light",
  userAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36",
};

interface Person {
  id: string;
  name: string;
  context: BrowserContext;
}

let people = 0;
let admin: APIRequestContext | undefined;

/** Joins through POST /api/session in a context of its own (its own client address, as a separate person has). */
async function join(browser: Browser, name: string, role: "athlete" | "coach"): Promise<Person> {
  people += 1;
  const context = await browser.newContext({ ...DESKTOP, extraHTTPHeaders: { "x-forwarded-for": `198.51.100.${people}` } });
  const body = role === "coach" ? { name, role, accessCode: COACH_CODE } : { name, role };
  const { user } = (await call(context, "POST", "/api/session", body)) as { user: { id: string } };
  return { id: user.id, name, context };
}

/** One API call with a person's session cookie (or the admin token when `context` is null); throws on any error status. */
async function call(context: BrowserContext | null, method: "GET" | "POST", url: string, data?: unknown): Promise<unknown> {
  const headers: Record<string, string> = { origin: BASE };
  if (context === null) headers.authorization = `Bearer ${ADMIN_TOKEN}`;
  admin ??= await apiRequest.newContext();
  const response = await (context ? context.request : admin).fetch(`${BASE}${url}`, { method, headers, data });
  if (!response.ok()) throw new Error(`${method} ${url} → ${response.status()} ${await response.text()}`);
  return response.json() as Promise<unknown>;
}

let clientIds = 0;

/** Posts a chat message (optionally a reply) and answers its id and seq. */
async function say(person: Person, message: string, replyTo?: string): Promise<{ id: string; seq: number }> {
  clientIds += 1;
  const body = { message, clientMessageId: `shots-${Date.now().toString(36)}-${clientIds}`, ...(replyTo ? { replyTo } : {}) };
  const { message: stored } = (await call(person.context, "POST", "/api/chat", body)) as { message: { id: string; seq: number } };
  return stored;
}

/** Uploads one file for the message `clientMessageId` (POST /api/files, the body is the bytes) and answers its id. */
async function upload(person: Person, clientMessageId: string, index: number, name: string, bytes: Buffer): Promise<string> {
  const query = new URLSearchParams({ clientMessageId, index: String(index), name });
  const response = await person.context.request.fetch(`${BASE}/api/files?${query}`, {
    method: "POST",
    headers: { origin: BASE, "content-type": "application/octet-stream" },
    data: bytes,
  });
  if (!response.ok()) throw new Error(`POST /api/files → ${response.status()} ${await response.text()}`);
  return ((await response.json()) as { attachment: { id: string } }).attachment.id;
}

/** A photo of a running track at dusk (drawn here, so nothing is downloaded) and a one-page PDF plan. */
async function trainingFiles(): Promise<{ photo: Buffer; plan: Buffer }> {
  const lanes = Array.from({ length: 7 }, (_, i) => `<line x1="${-200 + i * 170}" y1="600" x2="${330 + i * 40}" y2="300" stroke="#fff" stroke-width="4" opacity="0.8"/>`).join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="960" height="600">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#1e3a8a"/><stop offset="1" stop-color="#f59e0b"/></linearGradient></defs>
    <rect width="960" height="300" fill="url(#sky)"/><circle cx="720" cy="290" r="60" fill="#fde68a"/>
    <rect y="260" width="960" height="50" fill="#166534"/><rect y="300" width="960" height="300" fill="#b45309"/>${lanes}</svg>`;
  const photo = await sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
  const text = "BT /F1 24 Tf 72 720 Td (Week 3: sprints, hurdles, recovery) Tj ET";
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let pdf = "%PDF-1.4\n";
  const offsets = objects.map((object, i) => {
    const offset = pdf.length;
    pdf += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return { photo, plan: Buffer.from(pdf, "latin1") };
}

async function react(person: Person, messageId: string, emoji: string) {
  await call(person.context, "POST", "/api/chat/reactions", { messageId, emoji, on: true });
}

/** The team, the board, the chat, the notices and the classes the screenshots show. */
async function seed(browser: Browser) {
  const board = (await call(null, "GET", "/api/leaderboard?limit=1")) as { leaderboard: unknown[] };
  if (board.leaderboard.length > 0) throw new Error("The board already has athletes: start the app afresh (memory state) before taking screenshots.");

  const cora = await join(browser, "Cora Reyes", "coach");
  const athlete = (name: string) => join(browser, name, "athlete");
  const [ana, ben, chloe, diego, emma, farah] = await Promise.all([
    athlete("Ana Silva"),
    athlete("Ben Okafor"),
    athlete("Chloé Martin"),
    athlete("Diego Ramos"),
    athlete("Emma Lindqvist"),
    athlete("Farah Haddad"),
  ]);

  // Points over the season (admin token), a few athletes who have not signed in yet among them.
  const updates = [
    { userId: chloe.id, name: chloe.name, points: 140, reason: "Perfect attendance in November" },
    { userId: ana.id, name: ana.name, points: 120, reason: "PR deadlift" },
    { userId: ben.id, name: ben.name, points: 95, reason: "Sprint PB: 11.8 s" },
    { userId: emma.id, name: emma.name, points: 85, reason: "Best hurdle form" },
    { userId: farah.id, name: farah.name, points: 70 },
    { userId: diego.id, name: diego.name, points: 60 },
    { userId: "hana-kobayashi", name: "Hana Kobayashi", points: 50 },
    { userId: "idris-mensah", name: "Idris Mensah", points: 45 },
    { userId: "julia-novak", name: "Julia Novak", points: 30 },
  ];
  await call(null, "POST", "/api/leaderboard", { updates });

  // The chat of one morning: a photo and a PDF, grouped messages, a link, mentions, replies, reactions, a pin.
  const { photo, plan: planPdf } = await trainingFiles();
  const withFiles = `shots-files-${Date.now().toString(36)}`;
  const attachments = [await upload(cora, withFiles, 0, "block-starts.jpg", photo), await upload(cora, withFiles, 1, "Week 3 plan.pdf", planPdf)];
  await call(cora.context, "POST", "/api/chat", { message: "Form check from Tuesday's block starts, and the plan for week 3", clientMessageId: withFiles, attachments });
  const plan = await say(cora, "Morning team! Tonight's session moves to 6 pm on the outdoor track — bring spikes.");
  await say(cora, "@Ana Silva can you lead the warm-up? The plan is here: https://example.org/plans/sprint-week");
  const hurdles = await say(ben, "I'll bring the extra hurdles 💪");
  const late = await say(diego, "Running 5 minutes late tonight, save me a lane 🙏");
  const rain = await say(chloe, "Is it still on if it rains?", plan.id);
  const indoor = await say(cora, "Yes — if it rains we move to the indoor straight.", rain.id);
  await say(ana, "Happy to lead the warm-up!");
  const last = await say(ana, "@Cora Reyes can we start with block starts? I want to work on my reaction time.");
  for (const person of [ana, ben, chloe, diego]) await react(person, plan.id, "👍");
  await react(emma, plan.id, "🔥");
  await react(diego, hurdles.id, "💪");
  await react(ben, late.id, "😂");
  for (const person of [chloe, emma, farah]) await react(person, indoor.id, "👍");
  await call(cora.context, "POST", "/api/chat/pins", { messageId: plan.id, pinned: true });
  await call(cora.context, "POST", "/api/chat/read", { seq: last.seq });

  // The coach's own awards (with reasons, in the history under her name) and an announcement.
  await call(cora.context, "POST", "/api/leaderboard", { userId: ana.id, points: 25, reason: "Led the warm-up" });
  await call(cora.context, "POST", "/api/leaderboard", { userId: diego.id, points: 10, reason: "Extra reps after practice" });
  await call(cora.context, "POST", "/api/leaderboard", { userId: emma.id, points: 5, reason: "Helped set up the hurdles" });
  await call(cora.context, "POST", "/api/announcements", { message: "Team photo on Saturday at 9 am — wear the blue kit." });

  // Ana has read the coach's award already; the rest stays unread.
  const { notices } = (await call(ana.context, "GET", "/api/notifications?limit=50")) as { notices: { id: string; title: string }[] };
  const led = notices.find((notice) => /25/.test(notice.title));
  if (led) await call(ana.context, "POST", "/api/notifications/read", { ids: [led.id] });

  // Progress on the activity feed and today's classes.
  const progress = [
    { athlete: "Ben Okafor", metric: "100 m", value: 11.8, unit: "s", note: "Personal best" },
    { athlete: "Ana Silva", metric: "Deadlift", value: 110, unit: "kg" },
    { athlete: "Emma Lindqvist", metric: "110 m hurdles", value: 16.2, unit: "s" },
  ];
  for (const data of progress) await call(null, "POST", "/api/pusher", { channel: "progress-channel", event: "progress-update", data });
  const hour = (offset: number) => new Date(Math.floor(Date.now() / 3_600_000 + offset) * 3_600_000).toISOString();
  await call(cora.context, "POST", "/api/classes", { title: "Recovery & mobility", startsAt: hour(-20) });
  await call(cora.context, "POST", "/api/classes", { title: "Hurdle technique", startsAt: hour(20) });
  const { class: sprints } = (await call(cora.context, "POST", "/api/classes", { title: "Morning sprints", startsAt: hour(0) })) as { class: { id: string } };

  return { cora, ana, ben, chloe, diego, emma, farah, sprintsId: sprints.id };
}

/** Opens `url` in a new page and waits until it is live and settled. */
async function open(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${BASE}${url}`, { waitUntil: "networkidle" });
  await page.getByText("Connected", { exact: true }).first().waitFor({ timeout: 20_000 });
  return page;
}

/** Waits for toasts and spinners to go, then saves the viewport (`fit`: only down to the end of the page's content). */
async function shoot(page: Page, name: string, { fit = false } = {}) {
  await page.waitForLoadState("networkidle");
  await page.locator("[data-sonner-toast]").first().waitFor({ state: "detached", timeout: 15_000 }).catch(() => undefined);
  await page.locator(".animate-spin").first().waitFor({ state: "detached", timeout: 10_000 }).catch(() => undefined);
  await page.waitForTimeout(400);
  const clip = fit ? await contentClip(page) : undefined;
  await page.screenshot({ path: path.join(DOCS, `screenshot-${name}.png`), animations: "disabled", caret: "hide", clip });
  console.log(`docs/screenshot-${name}.png`);
}

/** Scrolls the chat list to its end (read receipts and reactions arrive after it first stuck to the bottom). */
async function scrollChatToEnd(page: Page, lastText: string) {
  await page.locator("main").getByText(lastText).evaluate((element) => {
    let list = element.parentElement;
    while (list && list.scrollHeight <= list.clientHeight) list = list.parentElement;
    if (list) list.scrollTop = list.scrollHeight;
  });
}

/** The viewport down to 40 px below the lowest element of the page's main content. */
async function contentClip(page: Page) {
  const bottom = await page
    .locator("main")
    .first()
    .evaluate((main) => Math.max(...Array.from(main.querySelectorAll("*"), (element) => element.getBoundingClientRect().bottom)));
  const { width, height } = page.viewportSize() ?? { width: 1280, height: 800 };
  return { x: 0, y: 0, width, height: Math.min(height, Math.ceil(bottom) + 40) };
}

/** A second window of a person, with other device settings but the same session. */
async function sameSession(browser: Browser, person: Person, options: BrowserContextOptions) {
  return browser.newContext({ ...options, storageState: await person.context.storageState() });
}

async function main() {
  await mkdir(DOCS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const team = await seed(browser);
    // Everyone online: the athletes' pages stay open while the coach's are taken, two of them live in the sprints class.
    for (const person of [team.ana, team.ben, team.chloe, team.diego, team.emma]) await open(person.context, "/?tab=chat");
    for (const person of [team.ben, team.chloe]) await open(person.context, `/class/${team.sprintsId}`);

    const chat = await open(team.cora.context, "/?tab=chat");
    await chat.locator("main").getByText("reaction time").waitFor();
    await chat.waitForLoadState("networkidle");
    await scrollChatToEnd(chat, "reaction time");
    await shoot(chat, "desktop-light");

    await chat.locator("main").getByText("Form check from Tuesday").evaluate((element) => {
      element.scrollIntoView({ block: "start" });
      let list = element.parentElement;
      while (list && list.scrollHeight <= list.clientHeight) list = list.parentElement;
      if (list) list.scrollTop -= 40;
    });
    await chat.getByRole("img", { name: /block-starts/ }).first().waitFor();
    await shoot(chat, "files");

    const dark = await sameSession(browser, team.cora, { ...DESKTOP, colorScheme: "dark" });
    const board = await open(dark, "/?tab=leaderboard");
    await board.getByRole("list", { name: "Podium" }).waitFor();
    await shoot(board, "desktop-dark");
    await dark.close();

    const phone = await sameSession(browser, team.ana, PHONE);
    const phoneChat = await open(phone, "/?tab=chat");
    await phoneChat.locator("main").getByText("reaction time").waitFor();
    await phoneChat.waitForLoadState("networkidle");
    await scrollChatToEnd(phoneChat, "reaction time");
    await shoot(phoneChat, "phone");
    await phone.close();

    const bell = await open(team.ana.context, "/?tab=leaderboard");
    await bell.getByRole("button", { name: /^Notifications/ }).click();
    await bell.getByRole("list", { name: "Notifications received" }).waitFor();
    await shoot(bell, "notifications");

    const history = await open(team.cora.context, "/?tab=leaderboard");
    await history.getByText("Award history", { exact: true }).click();
    const table = history.getByRole("table", { name: "Award history" });
    await table.waitFor();
    await history.getByText("Download CSV").scrollIntoViewIfNeeded();
    await history.getByRole("group", { name: "Filter the award history" }).evaluate((element) => element.scrollIntoView({ block: "start" }));
    await shoot(history, "history");

    const coach = await open(team.cora.context, "/coach");
    await coach.waitForTimeout(12_000); // a few refreshes, so the small charts have a line
    await shoot(coach, "coach", { fit: true });

    const activity = await open(team.cora.context, "/?tab=activity");
    await activity.getByText("Morning sprints").first().waitFor();
    await shoot(activity, "classes");
  } finally {
    await admin?.dispose();
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
