<?php
/**
 * Runs the crier plugin's own code outside WordPress: the few WordPress functions it calls are
 * stubbed here (never in the plugin), with options and WP-Cron in memory and wp_remote_post doing
 * a real HTTP request. Reads a scenario as JSON on stdin, prints what happened as JSON.
 *
 *   { "site": { "home": "https://news.example.com", "locale": "en_US" },
 *     "options": { "crier_url": "http://127.0.0.1:1234", "crier_secret": "whsec_…" },
 *     "steps": [ { "do": "event", "post": {…} }, { "do": "insert", "post": {…}, "before": {…} }, … ] }
 */

define( 'ABSPATH', __DIR__ . '/' );
define( 'HOUR_IN_SECONDS', 3600 );

class WP_Post {
	public $ID = 0;
	public $post_author = 0;
	public $post_title = '';
	public $post_content = '';
	public $post_excerpt = '';
	public $post_status = 'draft';
	public $post_type = 'post';
	public $post_password = '';
	public $post_date_gmt = '0000-00-00 00:00:00';
	public $post_name = '';
	public function __construct( array $fields ) {
		foreach ( $fields as $name => $value ) {
			$this->$name = $value;
		}
	}
}

class WP_Error {
	private $message;
	public function __construct( $code, $message ) {
		$this->message = $message;
	}
	public function get_error_message() {
		return $this->message;
	}
}

$scenario = json_decode( stream_get_contents( STDIN ), true );
$site     = $scenario['site'];
$world    = array(
	'options'   => $scenario['options'] ?? array(),
	'posts'     => array(),
	'terms'     => array(),
	'meta'      => array(),
	'authors'   => $scenario['authors'] ?? array(),
	'scheduled' => array(),
	'sent'      => array(),
);

function home_url() {
	return $GLOBALS['site']['home'];
}
function wp_parse_url( $url, $component = -1 ) {
	return parse_url( $url, $component );
}
function get_locale() {
	return $GLOBALS['site']['locale'];
}
/** The filters WordPress would run; `the_content` gets a small wpautop: blank lines make paragraphs. */
function apply_filters( $hook, $value, ...$args ) {
	if ( 'the_content' === $hook ) {
		$paragraphs = preg_split( '/\n\s*\n/', trim( $value ) );
		return implode( "\n", array_map( function ( $p ) { return '<p>' . $p . '</p>'; }, $paragraphs ) );
	}
	return $value;
}
function get_the_terms( $post_id, $taxonomy ) {
	$names = $GLOBALS['world']['terms'][ $post_id ][ $taxonomy ] ?? array();
	if ( empty( $names ) ) {
		return false;
	}
	return array_map( function ( $name ) { return (object) array( 'name' => $name ); }, $names );
}
function get_permalink( $post ) {
	return home_url() . '/' . gmdate( 'Y/m/d', strtotime( $post->post_date_gmt . ' UTC' ) ) . '/' . $post->post_name . '/';
}
/** WordPress texturizes titles and escapes them as HTML, which crier decodes. */
function get_the_title( $post ) {
	return str_replace( array( '&', "'" ), array( '&#038;', '&#8217;' ), $post->post_title );
}
function get_the_author_meta( $field, $user_id ) {
	return $GLOBALS['world']['authors'][ (string) $user_id ] ?? '';
}
function get_post_time( $format, $gmt, $post ) {
	return gmdate( $format, strtotime( $post->post_date_gmt . ' UTC' ) );
}
function get_post_meta( $post_id, $key, $single ) {
	return $GLOBALS['world']['meta'][ $post_id ][ $key ] ?? '';
}
function get_post_thumbnail_id( $post ) {
	return (int) ( $GLOBALS['world']['meta'][ $post->ID ]['_thumbnail_id'] ?? 0 );
}
function wp_get_attachment_image_url( $id, $size ) {
	return $GLOBALS['world']['meta'][ $id ]['_url'] ?? false;
}
function get_post( $post_id ) {
	return $GLOBALS['world']['posts'][ $post_id ] ?? null;
}
function wp_is_post_revision( $post_id ) {
	return false;
}
function wp_is_post_autosave( $post_id ) {
	return false;
}
function wp_json_encode( $value, $flags = 0 ) {
	return json_encode( $value, $flags );
}
function wp_generate_uuid4() {
	$b = random_bytes( 16 );
	$b[6] = chr( ord( $b[6] ) & 0x0f | 0x40 );
	$b[8] = chr( ord( $b[8] ) & 0x3f | 0x80 );
	return vsprintf( '%s%s-%s-%s-%s-%s%s%s', str_split( bin2hex( $b ), 4 ) );
}
function get_option( $name, $default = false ) {
	return array_key_exists( $name, $GLOBALS['world']['options'] ) ? $GLOBALS['world']['options'][ $name ] : $default;
}
function update_option( $name, $value, $autoload = null ) {
	$GLOBALS['world']['options'][ $name ] = $value;
	return true;
}
function untrailingslashit( $value ) {
	return rtrim( $value, '/\\' );
}
function is_wp_error( $thing ) {
	return $thing instanceof WP_Error;
}
/** A real POST over loopback, as WordPress's HTTP API would make it. */
function wp_remote_post( $url, $args ) {
	$headers = array();
	foreach ( $args['headers'] as $name => $value ) {
		$headers[] = $name . ': ' . $value;
	}
	$context = stream_context_create(
		array(
			'http' => array(
				'method'        => 'POST',
				'header'        => implode( "\r\n", $headers ),
				'content'       => $args['body'],
				'timeout'       => $args['timeout'],
				'ignore_errors' => true,
			),
		)
	);
	$body = @file_get_contents( $url, false, $context );
	$record = array( 'url' => $url, 'headers' => $args['headers'], 'body' => $args['body'] );
	if ( false === $body ) {
		$GLOBALS['world']['sent'][] = $record + array( 'status' => 0 );
		return new WP_Error( 'http_request_failed', 'cURL error 7: Failed to connect' );
	}
	preg_match( '#^HTTP/\S+ (\d{3})#', $http_response_header[0], $m );
	$GLOBALS['world']['sent'][] = $record + array( 'status' => (int) $m[1], 'answer' => $body );
	return array( 'response' => array( 'code' => (int) $m[1] ), 'body' => $body );
}
function wp_remote_retrieve_response_code( $response ) {
	return $response['response']['code'];
}
function wp_remote_retrieve_body( $response ) {
	return $response['body'];
}
function wp_schedule_single_event( $timestamp, $hook, $args ) {
	$GLOBALS['world']['scheduled'][] = array( 'in' => $timestamp - time(), 'hook' => $hook, 'args' => $args );
	return true;
}
function wp_clear_scheduled_hook( $hook, $args ) {
	$GLOBALS['world']['scheduled'] = array_values(
		array_filter( $GLOBALS['world']['scheduled'], function ( $e ) use ( $hook, $args ) { return ! ( $e['hook'] === $hook && $e['args'] === $args ); } )
	);
}

require __DIR__ . '/../../../integrations/wordpress/crier/includes/payload.php';
require __DIR__ . '/../../../integrations/wordpress/crier/includes/signature.php';
require __DIR__ . '/../../../integrations/wordpress/crier/includes/delivery.php';
require __DIR__ . '/../../../integrations/wordpress/crier/includes/hooks.php';

/** Registers a post with its terms and meta in the stub world, as saving it would. */
function crier_harness_post( $fields ) {
	$post = new WP_Post( array_diff_key( $fields, array_flip( array( 'terms', 'meta' ) ) ) );
	$GLOBALS['world']['posts'][ $post->ID ]  = $post;
	$GLOBALS['world']['terms'][ $post->ID ] = $fields['terms'] ?? array();
	foreach ( $fields['meta'] ?? array() as $id => $meta ) {
		$GLOBALS['world']['meta'][ $id ] = $meta;
	}
	return $post;
}

$out = array( 'steps' => array() );
foreach ( $scenario['steps'] as $step ) {
	// Each step is one WordPress request.
	$GLOBALS['crier_sent_this_request'] = array();
	switch ( $step['do'] ) {
		case 'event':
			$post  = crier_harness_post( $step['post'] );
			$event = crier_article_event( $post );
			$body  = wp_json_encode( $event, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE );
			$out['steps'][] = array(
				'event'   => $event,
				'body'    => $body,
				'headers' => crier_signature_headers( $step['secret'], $step['messageId'], $step['timestamp'], $body ),
			);
			break;
		case 'insert':
			$post   = crier_harness_post( $step['post'] );
			$before = isset( $step['before'] ) ? new WP_Post( $step['before'] ) : null;
			if ( $before && $before->post_status !== $post->post_status ) {
				crier_on_transition_post_status( $post->post_status, $before->post_status, $post );
			}
			crier_on_after_insert_post( $post->ID, $post, null !== $before, $before );
			break;
		case 'trash':
			$post = crier_harness_post( $step['post'] );
			$GLOBALS['world']['meta'][ $post->ID ]['_wp_trash_meta_status'] = $post->post_status;
			$post->post_status = 'trash';
			crier_on_transition_post_status( 'trash', $GLOBALS['world']['meta'][ $post->ID ]['_wp_trash_meta_status'], $post );
			crier_on_trashed_post( $post->ID );
			break;
		case 'cron':
			// WP-Cron's turn: every due event runs (the harness does not wait for the delay).
			$due = $GLOBALS['world']['scheduled'];
			$GLOBALS['world']['scheduled'] = array();
			foreach ( $due as $event ) {
				call_user_func_array( $event['hook'], $event['args'] );
			}
			break;
		case 'option':
			update_option( $step['name'], $step['value'] );
			break;
	}
}
$out['sent']      = $world['sent'];
$out['scheduled'] = $world['scheduled'];
$out['pending']   = get_option( CRIER_PENDING_OPTION, array() );
$out['status']    = get_option( CRIER_STATUS_OPTION, null );
echo json_encode( $out, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE );
