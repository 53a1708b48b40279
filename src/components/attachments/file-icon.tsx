import { File, FileImage, FileSpreadsheet, FileText, FileVideoCamera, Presentation, type LucideProps } from "lucide-react";

import { kindOf } from "@/lib/attachments";

/** The icon of a file's kind (decorative: the name and type are said in text). */
export function FileIcon({ type, ...props }: { type: string } & LucideProps) {
  const Icon = (() => {
    switch (kindOf(type)) {
      case "image":
        return FileImage;
      case "pdf":
      case "document":
        return FileText;
      case "video":
        return FileVideoCamera;
      case "spreadsheet":
        return FileSpreadsheet;
      case "presentation":
        return Presentation;
      default:
        return File;
    }
  })();
  return <Icon aria-hidden {...props} />;
}
