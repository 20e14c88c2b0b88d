"""The Office of the Historian (history.state.gov) datasets: visits of foreign leaders, travels of
presidents and secretaries of state, relations by country, and chiefs of mission."""
