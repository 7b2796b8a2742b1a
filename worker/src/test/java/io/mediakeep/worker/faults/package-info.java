/**
 * Test-support: fault injectors for the reliability harness. Each one listens on 127.0.0.1, sits in
 * front of (or stands in for) one dependency of the worker, and can be told at run time, from any
 * thread, to delay, fail, refuse or break connections; its counters are the oracle a test checks.
 */
package io.mediakeep.worker.faults;
