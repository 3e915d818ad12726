-- Organisation coverage counted from the records (GET /zones/{zone}/coverage,
-- store.Orgs.Figures) at national scale: indexes that answer its counts
-- from the index alone, without reading each enterprise's, survey's,
-- membership's and organisation's row.

-- The enterprises to cover (surveyed by a day) and the stays covering a day.
CREATE INDEX org_profiles_zone_surveyed ON org_profiles (zone_id, enterprise_id, surveyed_on);
CREATE INDEX org_members_zone_stay ON org_members (zone_id, enterprise_id, from_on, until_on, mode);
-- The zone's chain memberships, joined to those by enterprise.
CREATE INDEX org_chain_members_zone ON org_chain_members (zone_id, enterprise_id, chain_id);
-- Organisations by kind and mode on a day, with their elections.
CREATE INDEX org_organisations_zone_kind ON org_organisations (zone_id, kind, mode, founded_on, dissolved_on, next_election_on);
-- Pledges signed by a day; the enterprises of a zone that are in a park.
CREATE INDEX enterprises_zone_pledge ON enterprises (zone_id, pledge_on);
CREATE INDEX enterprises_zone_park ON enterprises (zone_id, park_id);
