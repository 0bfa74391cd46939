"""Sources -> clean, chunked, tagged documents."""
