/**
 * `lti register|list|rotate-keys`: registering an LMS (LTI 1.3 platform) and managing the tool's own
 * signing keys, on the configured database (DATABASE_URL).
 */
import { type FlagSpec, parseFlags } from "@/lib/cli/flags";
import { type CliCommand, CliUsageError } from "@/lib/cli/types";
import { withDb } from "@/lib/cli/with-db";

const USAGE = [
  "usage: npm run -s cli -- lti <register|list|rotate-keys> ...",
  "",
  "  lti register --issuer URL --client-id ID --deployment-id ID [--deployment-id ID ...]",
  "               --auth-url URL --token-url URL --jwks-url URL [--json]",
  "      registers an LMS with the values from its side of the registration (registering the same",
  "      issuer and client id again updates its URLs and adds the deployment ids)",
  "  lti list [--json]             the registered platforms",
  "  lti rotate-keys [--retire-all] [--json]",
  "      a new signing key becomes current; keys rotated out over 7 days ago are retired (no longer",
  "      published at /api/lti/jwks); --retire-all retires every earlier key at once",
  "",
  "  URLs must be https (http only for 127.0.0.1 or localhost).",
].join("\n");

const REGISTER = {
  issuer: { kind: "string", required: true },
  "client-id": { kind: "string", required: true },
  "deployment-id": { kind: "string", repeat: true, required: true },
  "auth-url": { kind: "string", required: true },
  "token-url": { kind: "string", required: true },
  "jwks-url": { kind: "string", required: true },
  json: { kind: "boolean" },
} satisfies Record<string, FlagSpec>;
const LIST = { json: { kind: "boolean" } } satisfies Record<string, FlagSpec>;
const ROTATE = { "retire-all": { kind: "boolean" }, json: { kind: "boolean" } } satisfies Record<string, FlagSpec>;

/** The schema's field names, as the flags the user typed. */
const FLAG_OF: Record<string, string> = {
  issuer: "--issuer",
  clientId: "--client-id",
  deploymentIds: "--deployment-id",
  authUrl: "--auth-url",
  tokenUrl: "--token-url",
  jwksUrl: "--jwks-url",
};

export const command: CliCommand = {
  name: "lti",
  summary: "register an LMS (LTI 1.3), list registrations, rotate the tool's keys",
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    const { platformInputSchema, registerPlatform, listPlatforms } = await import("@/lib/lti/registration");
    if (sub === "register") {
      const flags = parseFlags(rest, REGISTER);
      const parsed = platformInputSchema.safeParse({
        issuer: flags.issuer,
        clientId: flags["client-id"],
        deploymentIds: flags["deployment-id"],
        authUrl: flags["auth-url"],
        tokenUrl: flags["token-url"],
        jwksUrl: flags["jwks-url"],
      });
      if (!parsed.success) {
        throw new CliUsageError(parsed.error.issues.map((i) => `${FLAG_OF[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`).join("\n"));
      }
      const { platform, created } = await withDb((db) => registerPlatform(db, parsed.data));
      if (flags.json) io.stdout(JSON.stringify({ created, platform }) + "\n");
      else
        io.stdout(
          `${created ? "registered" : "updated"} ${platform.issuer} (client id ${platform.clientId}; deployments ${platform.deploymentIds.join(", ")})\n`,
        );
      return 0;
    }
    if (sub === "list") {
      const flags = parseFlags(rest, LIST);
      const platforms = await withDb(listPlatforms);
      if (flags.json) io.stdout(JSON.stringify({ platforms }) + "\n");
      else if (platforms.length === 0) io.stdout("no platform is registered\n");
      else
        for (const p of platforms)
          io.stdout(
            `${p.issuer}  client id ${p.clientId}  deployments ${p.deploymentIds.join(", ")}\n  auth ${p.authUrl}\n  token ${p.tokenUrl}\n  jwks ${p.jwksUrl}\n`,
          );
      return 0;
    }
    if (sub === "rotate-keys") {
      const flags = parseFlags(rest, ROTATE);
      const { rotateKeys } = await import("@/lib/lti/keys");
      const out = await withDb((db) => rotateKeys(db, { retireAll: flags["retire-all"] }));
      if (flags.json) io.stdout(JSON.stringify(out) + "\n");
      else io.stdout(`new current key ${out.kid}${out.retired.length ? `; retired ${out.retired.join(", ")}` : ""}\n`);
      return 0;
    }
    throw new CliUsageError(
      sub === undefined ? "lti needs a subcommand: register, list or rotate-keys" : `unknown subcommand "${sub}" (lti register | lti list | lti rotate-keys)`,
    );
  },
};
