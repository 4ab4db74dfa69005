"""Views, split by audience: public pages, the proposal wizard, a proposal's own pages, staff
pages and the screening committee's pages."""
