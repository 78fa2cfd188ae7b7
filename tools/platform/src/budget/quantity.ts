/** Kubernetes resource quantities as numbers: CPU in millicores, memory in bytes. */

const binary: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const decimal: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** "50m" -> 50, "0.5" -> 500, "2" -> 2000. */
export function parseCpu(value: unknown, where: string): number {
  const text = String(value);
  const match = /^([0-9]+(?:\.[0-9]+)?)(m?)$/.exec(text);
  if (!match || (typeof value !== "string" && typeof value !== "number")) {
    throw new Error(
      `${where}: expected a CPU quantity such as 50m or 0.5, found ${JSON.stringify(value)}`,
    );
  }
  const amount = Number(match[1]);
  return match[2] === "m" ? amount : amount * 1000;
}

/** "128Mi" -> 134217728, "100M" -> 100000000, "1024" -> 1024. */
export function parseMemory(value: unknown, where: string): number {
  const text = String(value);
  const match = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(text);
  if (!match || (typeof value !== "string" && typeof value !== "number")) {
    throw new Error(
      `${where}: expected a memory quantity such as 128Mi or 100M, found ${JSON.stringify(value)}`,
    );
  }
  const unit = match[2];
  const factor = unit === undefined ? 1 : (binary[unit] ?? decimal[unit] ?? 1);
  return Number(match[1]) * factor;
}

export const mebibyte = 2 ** 20;
export const gibibyte = 2 ** 30;
