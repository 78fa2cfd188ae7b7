# The two commands of the README: `make run` runs the main job, `make test` runs every test.
# Both install what is missing first. npm scripts and npx run on the Node.js 24 that the
# `node` package brings into node_modules/.bin, whatever Node the machine has.
SHELL := /bin/bash
NPX := npx --no-install

.PHONY: setup run test lint typecheck unit bench

setup:
	@bash scripts/setup.sh

run: setup
	@bash scripts/demo.sh

test: setup lint typecheck unit

lint:
	@$(NPX) biome check .

typecheck:
	@$(NPX) tsc -p tsconfig.json --noEmit

unit:
	@bash scripts/test.sh

bench:
	@WITH_BENCH_TOOLS=1 bash scripts/setup.sh
	@npm run bench --workspace applications/demo-app
