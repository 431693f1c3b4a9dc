/**
 * The processing pipeline of one request (inspect → queue → decode → transform → encode) and the
 * bounded worker pool it runs on. Plain Java: the web layer and the CLI both drive it.
 */
package io.fastimage.pipeline;
