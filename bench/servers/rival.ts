/** What the child process needs from each server under test. */
export interface RivalServer {
  readonly port: number;
  /** Open client connections as the server counts them. */
  connections(): number;
  close(): Promise<void>;
}
