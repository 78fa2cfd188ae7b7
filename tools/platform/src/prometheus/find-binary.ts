import { access, constants } from "node:fs/promises";
import { delimiter, join } from "node:path";

/** Where to get Prometheus when it is missing, said once for every command that needs it. */
export const installHint =
  "install Debian's prometheus package (sudo apt-get install prometheus), run `make setup`, " +
  "or point PROMETHEUS_BIN at a prometheus binary";

export class MissingBinaryError extends Error {
  override name = "MissingBinaryError";
}

/**
 * Finds the prometheus binary: PROMETHEUS_BIN when set, else the first `prometheus` on PATH.
 * Throws MissingBinaryError with the install hint when there is none.
 */
export async function findPrometheus(env: NodeJS.ProcessEnv): Promise<string> {
  const explicit = env.PROMETHEUS_BIN;
  if (explicit) {
    if (await isExecutable(explicit)) {
      return explicit;
    }
    throw new MissingBinaryError(`PROMETHEUS_BIN=${explicit} is not an executable file`);
  }

  for (const folder of (env.PATH ?? "").split(delimiter).filter(Boolean)) {
    const candidate = join(folder, "prometheus");
    if (await isExecutable(candidate)) {
      return candidate;
    }
  }
  throw new MissingBinaryError(`could not find prometheus on PATH: ${installHint}`);
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
