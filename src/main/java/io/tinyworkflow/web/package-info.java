/** The Faces UI: one backing bean per screen, fed records, never entities. */
package io.tinyworkflow.web;
