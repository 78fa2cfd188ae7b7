import { execFile } from "node:child_process";

/** kubectl could not be started at all: every kustomization is unvalidated, say it once. */
export class KubectlMissingError extends Error {
  override name = "KubectlMissingError";
}

export interface KubectlResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** Runs `kubectl kustomize <dir>`; a failed build is a result, a missing kubectl a throw. */
export function kubectlKustomize(kubectl: string, dir: string): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    execFile(
      kubectl,
      ["kustomize", dir],
      { maxBuffer: 256 * 1024 * 1024, env: { ...process.env, KUBECONFIG: "/dev/null" } },
      (error, stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === "ENOENT") {
          reject(
            new KubectlMissingError(
              `could not run "${kubectl} kustomize": ${kubectl} is not installed or not on PATH`,
            ),
          );
          return;
        }
        resolve({ ok: error === null, stdout, stderr });
      },
    );
  });
}
