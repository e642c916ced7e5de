"""Running the portal: the load balancer's health check, structured logs, backups."""
