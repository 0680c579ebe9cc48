"""Files in and out: confined reads, safe containers and images, atomic writes."""
