/**
 * A failed `helm template` as one place and one sentence: the file and line helm names in its error.
 * Formats read from helm 4.1.4's output (and helm 3's `template: …` prefix), as printed by
 * helm/helm pkg/engine/engine.go (reformatExecErrorMsg, "execution error at (…)", "parse error at (…)"),
 * pkg/action/action.go (renderResources: "YAML parse error on …") and pkg/chart/v2/loader
 * ("cannot load values.yaml"), pkg/chart/v2/metadata.go ("validation: chart.metadata.name is required").
 */
import { join } from 'node:path';

export interface RenderErrorPlace {
  /** Absolute path of the file helm blames (Chart.yaml when it names none). */
  readonly file: string;
  /** 0-based line and character. */
  readonly line: number;
  readonly character: number;
  /** helm's message without "Error:" and the "--debug" hint. */
  readonly message: string;
}

/** `chart/templates/x.yaml` or `chart/charts/sub/templates/x.yaml`, then `:line` and maybe `:col`. */
const TEMPLATE_AT = /([\w.-]+\/(?:charts\/[\w.-]+\/)*templates\/[^\s:()]+):(\d+)(?::(\d+))?/;
const YAML_PARSE = /YAML parse error on ([\w.-]+\/(?:charts\/[\w.-]+\/)*templates\/[^\s:]+):.*?line (\d+)/s;
const VALUES_LOAD = /cannot load ([^\s:]*values[^\s:]*\.ya?ml):.*?line (\d+)/s;
/** helm's loader refuses a chart file past 5 MiB (pkg/chart/loader: "chart file %q is larger than the maximum file size"). */
const TOO_LARGE = /chart file "([^"]+)" is larger than the maximum file size/;

/** Where helm's error points, relative to the chart folder `chartDir`. */
export function placeRenderError(stderr: string, chartDir: string): RenderErrorPlace {
  const message = cleanMessage(stderr);
  const yaml = YAML_PARSE.exec(stderr);
  if (yaml) {
    // The line is in the rendered document, not the template; helm cannot say more without --debug.
    return { file: chartFile(chartDir, yaml[1]!), line: 0, character: 0, message: `${message} (line ${yaml[2]} of what this template rendered)` };
  }
  const at = TEMPLATE_AT.exec(stderr);
  if (at) {
    return { file: chartFile(chartDir, at[1]!), line: Math.max(0, Number(at[2]) - 1), character: Math.max(0, Number(at[3] ?? 1) - 1), message };
  }
  const values = VALUES_LOAD.exec(stderr);
  if (values) return { file: join(chartDir, values[1]!), line: Math.max(0, Number(values[2]) - 1), character: 0, message };
  const large = TOO_LARGE.exec(stderr);
  if (large) return { file: join(chartDir, large[1]!), line: 0, character: 0, message };
  return { file: join(chartDir, 'Chart.yaml'), line: 0, character: 0, message };
}

/** helm names files by chart name, not folder: drop the first segment and join the rest to the chart folder. */
function chartFile(chartDir: string, helmPath: string): string {
  return join(chartDir, helmPath.slice(helmPath.indexOf('/') + 1));
}

function cleanMessage(stderr: string): string {
  const text = stderr
    .replace(/\n\s*Use --debug flag to render out invalid YAML\s*$/, '')
    .replace(/^Error:\s*/, '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
  return `helm template failed: ${text.length > 500 ? `${text.slice(0, 500)}…` : text}`;
}
