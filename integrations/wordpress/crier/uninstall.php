<?php
/** Removing the plugin removes its settings, its waiting deliveries and their cron events. */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

$crier_pending = get_option( 'crier_pending_deliveries', array() );
foreach ( array_keys( (array) $crier_pending ) as $crier_article_id ) {
	wp_clear_scheduled_hook( 'crier_retry_delivery', array( $crier_article_id ) );
}
foreach ( array( 'crier_url', 'crier_secret', 'crier_pending_deliveries', 'crier_last_delivery' ) as $crier_option ) {
	delete_option( $crier_option );
}
