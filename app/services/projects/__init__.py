"""党员服务项目化 (service projects): 收集群众需求 → 设置项目库 → 党员认领项目 → 服务群众.

Modules (each one transaction per use case, plain dataclasses out, audit rows in the same transaction):
  common  the category setting, lookups, claimant names, ProjectRow
  needs   NeedDraft → add_need, list_needs → NeedRow (a need may come from a request in the ledger)
  pool    ProjectDraft → add_project (one or several needs), publish_project, withdraw_project;
          list_projects / get_project → ProjectRow, history → EventRow (the project's card)
  claims  claim (publishes a linked 因事承诺) → hand_back; add_progress; complete (keeps the commitment, offers
          the deed and 志愿服务 points) → evaluate (验收); reopen (undoes a completion, reverses the links)
  stats   project_stats → ProjectStats; team_lines; members_without_team; registered_sheet (报到党员服务情况)
"""
