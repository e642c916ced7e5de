"""The annual review and the mission's exports of a programme year; first of them, the IATI
activity file (version 2.03) of the year's approved grants."""
