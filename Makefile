# The two commands of the README: `make run` runs the main job, `make test` runs every test.
# Both install what is missing first. npm scripts and npx run on the Node.js 24 that the
# `node` package brings into node_modules/.bin, whatever Node the machine has.
SHELL := /bin/bash
NPX := npx --no-install

.PHONY: setup run test lint typecheck unit validate slo-check bench

setup:
	@bash scripts/setup.sh

run: setup
	@bash scripts/demo.sh

test: setup lint typecheck validate slo-check unit

lint:
	@$(NPX) biome check .

typecheck:
	@$(NPX) tsc -p tsconfig.json --noEmit

# The repository itself must validate clean and its generated SLO files must be current.
validate:
	@$(NPX) platform validate

slo-check:
	@$(NPX) platform slo check

unit:
	@bash scripts/test.sh

bench:
	@WITH_BENCH_TOOLS=1 bash scripts/setup.sh
	@npm run --silent bench --workspace applications/demo-app
	@npm run --silent bench:validate --workspace tools/platform
	@npm run --silent bench:rehearse --workspace tools/platform
