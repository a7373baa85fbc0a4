"""Fellowship: runs a postdoctoral research training program."""
