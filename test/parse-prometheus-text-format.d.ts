/** The package ships no types; its output follows prom2json (values are strings). */
declare module "parse-prometheus-text-format" {
  type Labels = Record<string, string>;
  export type ParsedMetric = {
    name: string;
    help: string;
    type: "COUNTER" | "GAUGE" | "HISTOGRAM" | "SUMMARY" | "UNTYPED";
    metrics: Array<{ labels?: Labels; value?: string; buckets?: Record<string, string>; count?: string; sum?: string }>;
  };
  export default function parsePrometheusTextFormat(text: string): ParsedMetric[];
}
