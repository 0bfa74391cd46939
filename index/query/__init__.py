"""Query-side text functions: long-question reduction, spelling/alias correction, bilingual glossary."""
