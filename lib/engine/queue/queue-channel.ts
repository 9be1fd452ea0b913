/**
 * The channel workers LISTEN on; every insert into the queue NOTIFYs it (payload: the message id, which no listener
 * needs: a notification only wakes a worker). A module of its own so the bench can name it without loading the engine.
 */
export const QUEUE_CHANNEL = "outgate_queue";
