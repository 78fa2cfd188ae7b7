import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { generate } from "./generate.ts";
import { parseSpecs } from "./load-specs.ts";

const testdata = new URL("./testdata/", import.meta.url).pathname;
const goldenDir = join(testdata, "golden");

/** Set UPDATE_GOLDEN=1 to rewrite the golden files after an intended change. */
const update = process.env.UPDATE_GOLDEN === "1";

async function readSpecs() {
  const names = (await readdir(join(testdata, "specs"))).sort();
  return Promise.all(
    names.map(async (name) => ({
      file: `slo/${name}`,
      text: await readFile(join(testdata, "specs", name), "utf8"),
    })),
  );
}

async function listGolden(dir: string, prefix = ""): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory()
        ? listGolden(join(dir, entry.name), `${prefix}${entry.name}/`)
        : [`${prefix}${entry.name}`],
    ),
  );
  return nested.flat().sort();
}

describe("platform slo generate, from the specs under testdata/specs", async () => {
  const { slos, errors } = parseSpecs(await readSpecs());
  const files = generate(slos);

  if (update) {
    for (const [path, content] of files) {
      await mkdir(dirname(join(goldenDir, path)), { recursive: true });
      await writeFile(join(goldenDir, path), content);
    }
  }

  it("reads the specs without a problem", () => {
    expect(errors).toEqual([]);
    expect(slos.map((slo) => slo.id)).toEqual(["checkout-availability", "checkout-latency"]);
  });

  it("writes exactly the files under testdata/golden", async () => {
    expect([...files.keys()].sort()).toEqual(await listGolden(goldenDir));
  });

  it.each([...files.keys()].sort())("writes %s as in testdata/golden", async (path) => {
    const golden = await readFile(join(goldenDir, path), "utf8");
    expect(files.get(path)).toBe(golden);
  });
});
