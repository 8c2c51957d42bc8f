"""服务群众 (serving the residents): the people register beyond the roster, households, grids in three levels,
联户 pairing, visits, the request ledger, statistics, and links to deeds and points.

Modules (each one transaction per use case, plain dataclasses out, audit rows in the same transaction):
  common            settings (household tags, categories, deadlines per urgency, pairing target), id lookups
  people            PersonDraft → add_person / update_person; list_people / get_person → PersonRow
  households        HouseholdDraft → add_household / update_household; list_households → HouseholdRow
  household_import  plan_household_import (preview, nothing written) → apply_household_import (one transaction)
  grids             责任区 / 单元格 (add_cell), staff (set_staff / remove_staff), grid_tree
  pairing           pair / unpair, member_households, pairing_counts
  visits            add_visit / withdraw_visit / record_visit_links, list_visits → VisitRow
  requests          add_request → assign_request → add_progress → resolve_request → revisit_request (withdraw_request), list_requests → RequestRow
  stats             service_stats(year, quarter, unit) → ServiceStats
  links             deeds and points recorded from a visit or a request, reversed with their source
  teams_people      people (not members) in teams
"""
