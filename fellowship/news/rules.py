"""Who may write and publish news, and record public-profile consent. Take the Program."""

import rules

from fellowship.accounts.rules import is_program_staff

# Draft and edit posts, see drafts, record what people agree to show: director, coordinator.
rules.add_perm("news.manage_news", is_program_staff)
# Publish a post to the public site (or take it back): the director or the coordinator.
rules.add_perm("news.publish_news", is_program_staff)
