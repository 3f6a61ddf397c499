import { findPair, pairValue } from '../../manifest/nodes';
import { replaceNode } from '../support/edits';
import type { Finding, Fix, Rule } from '../types';
import { decodeTypeError } from '../support/field-errors';
import { declaredPortNames } from '../support/handlers';
import { isValidPortNumber } from '../support/names';
import { spanOf } from '../support/spans';
import { typedMaps } from '../support/typed-maps';
import { quotedInteger, stringValue } from '../support/values';

const ID = 'grpc-port-not-number';

/**
 * GRPCAction.port is an int32, not an IntOrString: a name or a quoted number cannot be decoded,
 * so the whole object is rejected before validation. Decoding covers every container kind.
 */
export const grpcPortNotNumber: Rule = {
  id: ID,
  category: 'apiserver',
  severity: 'error',
  description: 'A grpc handler port is a string; gRPC ports must be numbers (names are not allowed).',
  fixable: true,
  check({ document, target }) {
    const findings: Finding[] = [];
    for (const map of typedMaps(document, target)) {
      if (map.schema.kind !== 'grpc') continue;
      const pair = findPair(map.node, 'port');
      const value = pair ? pairValue(pair) : null;
      const text = stringValue(value);
      if (!value || text === undefined) continue;
      const fixes: Fix[] = [];
      const quoted = quotedInteger(value);
      const declared = declaredPortNames(map.container).get(text);
      if (quoted !== undefined && isValidPortNumber(quoted)) {
        fixes.push({ title: `Unquote the port (${quoted})`, edits: [replaceNode(value, String(quoted))], preferred: true, safe: true });
      } else if (declared !== undefined && isValidPortNumber(declared)) {
        fixes.push({ title: `Use the number of port "${text}" (${declared})`, edits: [replaceNode(value, String(declared))], preferred: true });
      }
      findings.push({
        ruleId: ID,
        severity: 'error',
        message:
          `${decodeTypeError(document, 'string', 'GRPCAction', `${map.path}.port`, 'int32')}. ` +
          'gRPC probe ports must be numbers; port names work only for httpGet and tcpSocket.',
        span: spanOf(value),
        fixes,
      });
    }
    return findings;
  },
};
