import type { TurnContext } from 'botbuilder';
import type { Target } from '../../src/core/port.js';
import type { Place } from './incoming.js';

// Where a Teams reply goes; shared by the port and the answer stream.

export interface TeamsTarget extends Target {
  ctx: TurnContext;
  place: Place;
  /** Called before a message goes out (stops the typing indicator). */
  beforeSend?: () => void;
}
