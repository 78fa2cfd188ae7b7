export { INPUT_RULES } from "./input-rules.ts";
export { KubectlMissingError } from "./kubectl.ts";
export { type LoadedRepository, type LoadOptions, loadRepository } from "./load-repository.ts";
export { isRecord, objectRef, valueAt } from "./objects.ts";
export {
  KustomizeBuildError,
  type RenderOptions,
  renderKustomization,
} from "./render-kustomization.ts";
export { type ParsedYaml, parseYaml, type YamlDocument } from "./yaml-documents.ts";
