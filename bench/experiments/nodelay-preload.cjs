/* eslint-disable @typescript-eslint/no-require-imports -- a --require preload is CommonJS by nature */
// Experiment, not product code: turns on TCP_NODELAY for every socket nodemailer opens with net.connect, to
// measure what the product would gain. Use: BENCH_WORKER_NODE_ARGS="--require ./bench/experiments/nodelay-preload.cjs"
const net = require("node:net");
const connect = net.connect;
net.connect = function connectWithNoDelay(...args) {
  return connect.apply(this, args).setNoDelay(true);
};
