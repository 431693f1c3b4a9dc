/** Command-line subcommands of the jar (picocli); each is a thin shell over the plain Java core. */
package io.fastimage.cli;
