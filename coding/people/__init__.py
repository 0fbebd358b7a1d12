"""People: speaker labels as written, who they stand for, attributes and pseudonyms."""
