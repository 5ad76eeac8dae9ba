/**
 * The document service: validates, authorizes and applies every change, writing the document and
 * its event in one transaction; parses list queries; applies JSON Merge Patch and JSON Patch;
 * enforces per-collection JSON Schemas. Every transport calls this package, never the store.
 */
package io.switchboard.documents;
