/** JMH benchmarks; results and the reference numbers they are compared with are in the README. */
package org.musicgan.benchmarks;
