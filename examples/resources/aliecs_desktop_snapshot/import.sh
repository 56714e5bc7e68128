# A desktop snapshot is imported by its ID.
terraform import aliecs_desktop_snapshot.before_upgrade s-2zeipxmnhej803x70001
