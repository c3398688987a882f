/** `postinstall`: generate the Prisma client (offline-safe) and remember which schema it was made from. */
import { ensureClientGenerated } from "./prisma-cli";

ensureClientGenerated(process.cwd());
