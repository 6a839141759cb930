"""Organizations (tenants), users, memberships with roles, sessions, API keys and invitations."""
