/**
 * A local SMTP server for `npm run bench:mail` that accepts everything and keeps only counts:
 * messages, distinct Message-IDs (read from the header, so a message sent twice is seen) and bytes.
 */
import { SMTPServer } from "smtp-server";

export type SinkStats = { messages: number; distinct: number; bytes: number };

export async function startSink(): Promise<{ port: number; stats(): SinkStats; close(): Promise<void> }> {
  const ids = new Set<string>();
  let messages = 0;
  let bytes = 0;
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    hideSTARTTLS: true,
    logger: false,
    maxClients: 100,
    onData(stream, _session, callback) {
      let header = "";
      let headerDone = false;
      stream.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (!headerDone) {
          header += chunk.toString("latin1");
          const end = header.indexOf("\r\n\r\n");
          if (end !== -1) {
            header = header.slice(0, end);
            headerDone = true;
          }
        }
      });
      stream.on("end", () => {
        messages += 1;
        const id = /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(header)?.[1];
        if (id) ids.add(id);
        callback();
      });
    },
  });
  server.on("error", () => {});
  const port = await new Promise<number>((resolve, reject) => {
    server.listen(0, "127.0.0.1", () => resolve((server.server.address() as { port: number }).port));
    server.server.once("error", reject);
  });
  return {
    port,
    stats: () => ({ messages, distinct: ids.size, bytes }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
