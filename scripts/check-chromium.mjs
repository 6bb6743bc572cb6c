// Browser tests drive Debian's Chromium; say how to get it instead of failing obscurely later.
import fs from "node:fs";

const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (!fs.existsSync(chromium)) {
  console.error(`Chromium was not found at ${chromium}; the browser tests need it.`);
  console.error("Install it with:  apt-get install -y chromium   (or set CHROMIUM_PATH)");
  process.exit(1);
}
