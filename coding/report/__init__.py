"""Reports: the tables a researcher reads and the files (CSV, XLSX) they go into."""
