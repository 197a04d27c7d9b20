"""People who work for the agency: user accounts, carers and their standing
availability, qualifications and skills, leave and sickness."""
