<?php
/**
 * Sending events to crier, and trying again from WP-Cron while crier is down. Pending deliveries
 * live in one option keyed by article id, so a newer event for a post replaces an older one that
 * is still waiting: crier never gets an old version after a new one.
 */

defined( 'ABSPATH' ) || exit;

const CRIER_RETRY_HOOK     = 'crier_retry_delivery';
const CRIER_PENDING_OPTION = 'crier_pending_deliveries';
const CRIER_STATUS_OPTION  = 'crier_last_delivery';
const CRIER_MAX_ATTEMPTS   = 10;

/** Seconds before retry number `$attempt` (1, 2, …): 1, 2, 4 … minutes, at most 6 hours. */
function crier_retry_delay( $attempt ) {
	return (int) min( 60 * pow( 2, max( 0, $attempt - 1 ) ), 6 * HOUR_IN_SECONDS );
}

/** Whether crier's answer means "try again later" (down, overloaded, rate limited) rather than "no". */
function crier_is_retryable( $status ) {
	return 0 === $status || 408 === $status || 425 === $status || 429 === $status || $status >= 500;
}

/** Sends an event now; on a temporary failure, queues it for WP-Cron. Never blocks the editor for long. */
function crier_send_event( $event ) {
	$delivery = array(
		'event'      => $event,
		// The same message id on every attempt, as Standard Webhooks asks; the timestamp is re-signed.
		'message_id' => 'msg_' . str_replace( '-', '', wp_generate_uuid4() ),
		'attempt'    => 1,
	);
	crier_attempt_delivery( $delivery );
}

/** The cron side: the pending delivery for this article, if it is still waiting. */
function crier_retry_delivery( $article_id ) {
	$pending = get_option( CRIER_PENDING_OPTION, array() );
	if ( ! isset( $pending[ $article_id ] ) ) {
		return;
	}
	$delivery = $pending[ $article_id ];
	unset( $pending[ $article_id ] );
	update_option( CRIER_PENDING_OPTION, $pending, false );
	crier_attempt_delivery( $delivery );
}

function crier_attempt_delivery( $delivery ) {
	$url    = get_option( 'crier_url', '' );
	$secret = get_option( 'crier_secret', '' );
	if ( '' === $url || ! crier_secret_is_valid( $secret ) ) {
		crier_record_status( $delivery, 0, 'crier is not configured (Settings → Crier)' );
		return;
	}
	$body    = wp_json_encode( $delivery['event'], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE );
	$headers = array_merge(
		array( 'Content-Type' => 'application/json' ),
		crier_signature_headers( $secret, $delivery['message_id'], time(), $body )
	);
	$response = wp_remote_post(
		untrailingslashit( $url ) . '/v1/articles',
		array(
			'headers' => $headers,
			'body'    => $body,
			'timeout' => 5,
		)
	);
	$status = is_wp_error( $response ) ? 0 : (int) wp_remote_retrieve_response_code( $response );
	if ( $status >= 200 && $status < 300 ) {
		crier_record_status( $delivery, $status, '' );
		return;
	}
	$reason = is_wp_error( $response ) ? $response->get_error_message() : crier_error_message( $response, $status );
	if ( crier_is_retryable( $status ) && $delivery['attempt'] < CRIER_MAX_ATTEMPTS ) {
		crier_queue_retry( $delivery );
	}
	crier_record_status( $delivery, $status, $reason );
}

/** crier's error answers are JSON with a message naming the problem; shown to the site's admins. */
function crier_error_message( $response, $status ) {
	$decoded = json_decode( (string) wp_remote_retrieve_body( $response ), true );
	$message = is_array( $decoded ) && isset( $decoded['message'] ) ? (string) $decoded['message'] : '';
	return 'HTTP ' . $status . ( '' !== $message ? ': ' . $message : '' );
}

function crier_queue_retry( $delivery ) {
	$article_id = $delivery['event']['id'];
	++$delivery['attempt'];
	$pending                = get_option( CRIER_PENDING_OPTION, array() );
	$pending[ $article_id ] = $delivery;
	update_option( CRIER_PENDING_OPTION, $pending, false );
	wp_clear_scheduled_hook( CRIER_RETRY_HOOK, array( $article_id ) );
	wp_schedule_single_event( time() + crier_retry_delay( $delivery['attempt'] - 1 ), CRIER_RETRY_HOOK, array( $article_id ) );
}

/** What the settings page shows: the last delivery's outcome (never the secret or the body). */
function crier_record_status( $delivery, $status, $error ) {
	update_option(
		CRIER_STATUS_OPTION,
		array(
			'article' => $delivery['event']['id'],
			'attempt' => $delivery['attempt'],
			'status'  => $status,
			'error'   => $error,
			'at'      => time(),
		),
		false
	);
}
