/**
 * What an operator is, independent of how it is computed: ids, descriptions, parameters and their
 * validation, the registry of the ten operators, and the exact/neural implementations below it.
 */
package io.fastimage.operator;
