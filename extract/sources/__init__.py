"""Where postings come from. Each source yields Posting or Rejected records."""
