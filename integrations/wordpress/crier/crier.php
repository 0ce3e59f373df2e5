<?php
/**
 * Plugin Name:       Crier
 * Description:       Sends each published post to crier, which posts it to the newsroom's social accounts. Updates, unpublishing and trash follow.
 * Version:           1.0.0
 * Requires at least: 5.6
 * Requires PHP:      7.4
 * License:           MIT
 * Text Domain:       crier
 */

defined( 'ABSPATH' ) || exit;

require_once __DIR__ . '/includes/payload.php';
require_once __DIR__ . '/includes/signature.php';
require_once __DIR__ . '/includes/delivery.php';
require_once __DIR__ . '/includes/hooks.php';
require_once __DIR__ . '/includes/settings.php';

add_action( 'wp_after_insert_post', 'crier_on_after_insert_post', 10, 4 );
add_action( 'transition_post_status', 'crier_on_transition_post_status', 10, 3 );
add_action( 'trashed_post', 'crier_on_trashed_post', 10, 1 );
add_action( 'before_delete_post', 'crier_on_before_delete_post', 10, 2 );
add_action( CRIER_RETRY_HOOK, 'crier_retry_delivery', 10, 1 );
add_action( 'admin_menu', 'crier_add_settings_page' );
add_action( 'admin_init', 'crier_register_settings' );
