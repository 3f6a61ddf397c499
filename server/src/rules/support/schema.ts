/**
 * The decode-time shape of the maps under a container that we check: which keys exist (strict
 * decoding rejects the others) and which JSON type each one needs (a wrong type is a decode error).
 * Field names come from the knowledge table (`probe-fields.ts`); this adds the Go side that the
 * apiserver's messages name (struct and type).
 */
import { GATED_FIELDS, HANDLER_INFO, HTTP_HEADER_FIELDS, PROBE_KEYS, type FieldType } from '../../knowledge/probe-fields';
import type { HandlerKind } from '../../manifest/types';

type MapKind = 'probe' | 'lifecycle' | 'hook' | HandlerKind | 'httpHeader';

/** What a field must decode from. `int` covers int32 and int64 (`goType` tells which). */
type ValueShape = 'int' | 'string' | 'int-or-string' | 'string-list' | 'object' | 'object-list';

export interface FieldSchema {
  readonly name: string;
  readonly shape: ValueShape;
  /** Go type named in the decode error, e.g. `int32`, `v1.ExecAction`, `[]v1.HTTPHeader`. */
  readonly goType: string;
  /** For `object` / `object-list` fields: the schema of the map(s) inside. */
  readonly child?: MapKind;
}

export interface MapSchema {
  readonly kind: MapKind;
  /** Go struct that declares the fields (named in decode errors). */
  readonly struct: string;
  readonly fields: readonly FieldSchema[];
  /** Accepted by newer, feature-gated apiservers: never reported as unknown. */
  readonly gated: readonly string[];
}

const HANDLER_STRUCT: Record<HandlerKind, string> = {
  exec: 'ExecAction',
  httpGet: 'HTTPGetAction',
  tcpSocket: 'TCPSocketAction',
  grpc: 'GRPCAction',
  sleep: 'SleepAction',
};

/** Go types of fields whose knowledge type alone does not say (int64 vs int32, named types). */
const GO_TYPE_OVERRIDES: Record<string, string> = {
  'probe.terminationGracePeriodSeconds': 'int64',
  'sleep.seconds': 'int64',
  'httpGet.scheme': 'v1.URIScheme',
  'httpGet.port': 'intstr.IntOrString',
  'tcpSocket.port': 'intstr.IntOrString',
};

function shapeOf(type: FieldType): ValueShape {
  return type === 'integer' ? 'int' : type;
}

function goTypeOf(owner: string, name: string, shape: ValueShape): string {
  const override = GO_TYPE_OVERRIDES[`${owner}.${name}`];
  if (override) return override;
  switch (shape) {
    case 'int':
      return 'int32';
    case 'string':
      return 'string';
    case 'string-list':
      return '[]string';
    case 'int-or-string':
      return 'intstr.IntOrString';
    default:
      return 'object';
  }
}

function handlerField(kind: HandlerKind): FieldSchema {
  return { name: kind, shape: 'object', goType: `v1.${HANDLER_STRUCT[kind]}`, child: kind };
}

function handlerSchema(kind: HandlerKind): MapSchema {
  return {
    kind,
    struct: HANDLER_STRUCT[kind],
    gated: GATED_FIELDS[kind] ?? [],
    fields: HANDLER_INFO[kind].fields.map((f) =>
      f.name === 'httpHeaders'
        ? { name: f.name, shape: 'object-list', goType: '[]v1.HTTPHeader', child: 'httpHeader' }
        : { name: f.name, shape: shapeOf(f.type), goType: goTypeOf(kind, f.name, shapeOf(f.type)) },
    ),
  };
}

const PROBE_HANDLER_KINDS: readonly HandlerKind[] = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const HOOK_HANDLER_KINDS: readonly HandlerKind[] = ['exec', 'httpGet', 'tcpSocket', 'sleep'];

export const SCHEMAS: Readonly<Record<MapKind, MapSchema>> = {
  probe: {
    kind: 'probe',
    struct: 'Probe',
    gated: [],
    fields: PROBE_KEYS.map((name) =>
      (PROBE_HANDLER_KINDS as readonly string[]).includes(name)
        ? handlerField(name as HandlerKind)
        : { name, shape: 'int' as const, goType: goTypeOf('probe', name, 'int') },
    ),
  },
  lifecycle: {
    kind: 'lifecycle',
    struct: 'Lifecycle',
    gated: [],
    fields: [
      { name: 'postStart', shape: 'object', goType: 'v1.LifecycleHandler', child: 'hook' },
      { name: 'preStop', shape: 'object', goType: 'v1.LifecycleHandler', child: 'hook' },
      // Kubernetes 1.33+ (ContainerStopSignals): a known field, so never "unknown".
      { name: 'stopSignal', shape: 'string', goType: 'v1.Signal' },
    ],
  },
  hook: { kind: 'hook', struct: 'LifecycleHandler', gated: [], fields: HOOK_HANDLER_KINDS.map(handlerField) },
  exec: handlerSchema('exec'),
  httpGet: handlerSchema('httpGet'),
  tcpSocket: handlerSchema('tcpSocket'),
  grpc: handlerSchema('grpc'),
  sleep: handlerSchema('sleep'),
  httpHeader: {
    kind: 'httpHeader',
    struct: 'HTTPHeader',
    gated: [],
    fields: HTTP_HEADER_FIELDS.map((f) => ({ name: f.name, shape: shapeOf(f.type), goType: 'string' })),
  },
};

export function fieldOf(schema: MapSchema, name: string): FieldSchema | undefined {
  return schema.fields.find((f) => f.name === name);
}
