import type { YamlEntry, YamlNode } from './yaml-node.js';
import type { YamlTape } from './yaml-tape.js';

/**
 * The located tree of a document read as a tape, node for node what the located parse builds
 * (a test compares them). A file that does not conform is reported from this tree, so it is
 * parsed once, not a second time.
 */
export function yamlNodeFromTape(tape: YamlTape, node: number = tape.root): YamlNode {
  switch (tape.kind(node)) {
    case 'scalar': return { kind: 'scalar', offset: tape.offset(node), value: tape.value(node), empty: tape.empty(node) };
    case 'seq': {
      const items: YamlNode[] = [];
      for (let item = tape.first(node); item < tape.end(node); item = tape.after(item)) items.push(yamlNodeFromTape(tape, item));
      return { kind: 'seq', offset: tape.offset(node), items };
    }
    case 'map': {
      const entries: YamlEntry[] = [];
      for (let key = tape.first(node); key < tape.end(node); key = tape.after(tape.after(key))) {
        entries.push({ key: tape.key(key), keyOffset: tape.keyOffset(key), value: yamlNodeFromTape(tape, tape.after(key)) });
      }
      return { kind: 'map', offset: tape.offset(node), entries };
    }
  }
}
