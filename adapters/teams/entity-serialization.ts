import { createRequire } from 'node:module';
import path from 'node:path';

// botbuilder 4.23.3 with @azure/core-client 1.10 sends activity.entities with nothing but `type`:
// the serializer swaps the Activity mapper's open-ended entity element (additionalProperties)
// for the closed `Entity` model mapper. That silently drops citations, the "AI generated" label
// and everything else in schema.org entities. Opening the Entity mapper again restores them.
// Remove once botframework-connector declares additionalProperties on Entity itself.

interface Mapper {
  type: { additionalProperties?: unknown };
}

let applied = false;

export function keepEntityProperties(): void {
  if (applied) return;
  const require = createRequire(import.meta.url);
  // The copy botbuilder itself loads, so the serializer it uses sees the change.
  const fromBotbuilder = path.dirname(require.resolve('botbuilder'));
  const file = require.resolve('botframework-connector/lib/connectorApi/models/mappers', { paths: [fromBotbuilder] });
  const mappers = require(file) as { Entity?: Mapper };
  if (mappers.Entity && !mappers.Entity.type.additionalProperties) {
    mappers.Entity.type.additionalProperties = { type: { name: 'Object' } };
  }
  applied = true;
}
