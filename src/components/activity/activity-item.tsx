import { Activity, CalendarCheck, Megaphone, Users } from "lucide-react";

import type { ActivityItem } from "@/lib/app-events";
import { announcementSchema, attendanceSchema, classUpdateSchema, notificationSchema, progressUpdateSchema } from "@/lib/client-schemas";

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

/** What an activity event says, in words (its data was validated on arrival). */
function describe(item: ActivityItem): { icon: typeof Activity; title: string; detail?: string } {
  switch (item.event) {
    case "progress-update": {
      const data = progressUpdateSchema.parse(item.data);
      return { icon: Activity, title: `${data.athlete}: ${data.metric} ${data.value}${data.unit ? ` ${data.unit}` : ""}`, detail: data.note };
    }
    case "class-update": {
      const data = classUpdateSchema.parse(item.data);
      return { icon: CalendarCheck, title: data.title, detail: data.message };
    }
    case "attendance": {
      const data = attendanceSchema.parse(item.data);
      return { icon: Users, title: `Attendance: ${data.present} of ${data.total}` };
    }
    case "announcement": {
      const data = announcementSchema.parse(item.data);
      return { icon: Megaphone, title: data.message, detail: data.author ? `— ${data.author}` : undefined };
    }
    default: {
      const data = notificationSchema.parse(item.data);
      return { icon: Megaphone, title: data.title, detail: data.body };
    }
  }
}

/** One entry of a live feed. */
export function ActivityEntry({ item }: { item: ActivityItem }) {
  const { icon: Icon, title, detail } = describe(item);
  return (
    <li className="flex gap-3 border-b border-border px-4 py-2.5 last:border-b-0">
      <Icon aria-hidden className="mt-0.5 size-4 shrink-0 text-primary" />
      <div className="min-w-0 flex-1">
        <p className="text-sm font-medium break-words">{title}</p>
        {detail && <p className="text-xs break-words text-muted-foreground">{detail}</p>}
      </div>
      <time dateTime={item.at} className="shrink-0 text-xs text-muted-foreground">
        {timeFormat.format(new Date(item.at))}
      </time>
    </li>
  );
}
