// Preloaded into the Agents Playground (node --require): its HTTP server calls listen(port, cb)
// and so binds every interface, and it has no host option. This makes a listen without a host
// bind 127.0.0.1 instead, so the unauthenticated playground is not reachable from the network.
'use strict';
const net = require('node:net');

const HOST = process.env.WERKTAFEL_PLAYGROUND_HOST || '127.0.0.1';
const listen = net.Server.prototype.listen;

net.Server.prototype.listen = function patchedListen(...args) {
  const [first, second] = args;
  if (first && typeof first === 'object' && !Array.isArray(first)) {
    if (first.path === undefined && first.host === undefined && first.port !== undefined) args[0] = { ...first, host: HOST };
  } else if ((typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) && typeof second !== 'string') {
    args.splice(1, 0, HOST);
  } else if (first === undefined || typeof first === 'function') {
    args.unshift(0, HOST);
  }
  return listen.apply(this, args);
};
